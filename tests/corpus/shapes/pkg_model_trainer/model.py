"""The model: placeholders, layers, loss, train op and saver built in the constructor."""
import os

import tensorflow as tf


class MLPModel:
    def __init__(self, config):
        self.config = config
        self.global_step_tensor = tf.Variable(0, trainable=False, name="global_step")
        self.build_model()
        self.init_saver()

    def build_model(self):
        self.is_training = tf.placeholder(tf.bool)
        self.x = tf.placeholder(tf.float32, shape=[None, 13])
        self.y = tf.placeholder(tf.int64, shape=[None])
        d1 = tf.layers.dense(self.x, 32, activation=tf.nn.relu, name="dense1")
        d1 = tf.layers.dropout(d1, rate=0.2, training=self.is_training)
        logits = tf.layers.dense(d1, 3, name="dense2")
        self.cross_entropy = tf.reduce_mean(
            tf.nn.sparse_softmax_cross_entropy_with_logits(labels=self.y, logits=logits))
        self.train_step = tf.train.AdamOptimizer(self.config["learning_rate"]).minimize(
            self.cross_entropy, global_step=self.global_step_tensor)
        correct_prediction = tf.equal(tf.argmax(logits, 1), self.y)
        self.accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32))

    def init_saver(self):
        self.saver = tf.train.Saver(max_to_keep=1)

    def save(self, sess):
        self.saver.save(sess, os.path.join(self.config["checkpoint_dir"], "model"), self.global_step_tensor)
