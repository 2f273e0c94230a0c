"""Train the classifier of model.py."""
import tensorflow as tf

from data import make
from model import Classifier

x_train, y_train = make()
model = Classifier(5, 2)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for epoch in range(30):
        _, loss = sess.run([model.train_op, model.loss], feed_dict={model.inputs: x_train, model.labels: y_train})
        if epoch % 10 == 0:
            print("epoch %d loss %.6f" % (epoch, loss))
    acc = sess.run(model.accuracy, feed_dict={model.inputs: x_train, model.labels: y_train})
    print("accuracy %.6f" % acc)
