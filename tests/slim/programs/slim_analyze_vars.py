"""slim.model_analyzer.analyze_vars on two variables: the printed report and the totals."""
import tensorflow as tf
import tensorflow.contrib.slim as slim

w = tf.Variable(tf.zeros([3, 4]), name="w")
b = tf.Variable(tf.zeros([4], dtype=tf.float64), name="b")
total = slim.model_analyzer.analyze_vars([w, b], print_info=True)
print("totals: %d %d" % total)
