"""The trainer: owns the loop, runs the session it was given."""
import numpy as np
import tensorflow as tf


class Trainer:
    def __init__(self, sess, model, data, config):
        self.sess = sess
        self.model = model
        self.x_train, self.x_test, self.y_train, self.y_test = data
        self.config = config
        self.init = tf.group(tf.global_variables_initializer(), tf.local_variables_initializer())
        self.sess.run(self.init)

    def train(self):
        for epoch in range(self.config["num_epochs"]):
            loss, acc = self.train_epoch()
            if epoch % 10 == 0:
                print("epoch %d loss %.4f acc %.4f" % (epoch, loss, acc))
        self.model.save(self.sess)

    def train_epoch(self):
        order = np.random.permutation(len(self.x_train))
        losses, accs = [], []
        bs = self.config["batch_size"]
        for i in range(0, len(order), bs):
            loss, acc = self.train_step(order[i:i + bs])
            losses.append(loss)
            accs.append(acc)
        return np.mean(losses), np.mean(accs)

    def train_step(self, idx):
        feed_dict = {self.model.x: self.x_train[idx], self.model.y: self.y_train[idx],
                     self.model.is_training: True}
        _, loss, acc = self.sess.run([self.model.train_step, self.model.cross_entropy, self.model.accuracy],
                                     feed_dict=feed_dict)
        return loss, acc

    def test(self):
        return self.sess.run(self.model.accuracy, feed_dict={
            self.model.x: self.x_test, self.model.y: self.y_test, self.model.is_training: False})
