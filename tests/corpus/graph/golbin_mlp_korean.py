"""Three-layer MLP in the golbin "TensorFlow-Tutorials" (3분 딥러닝) Korean style.

Imitates: golbin/TensorFlow-Tutorials `05 - TensorBoard, Saver/01 - Saver.py` and
`06 - MNIST/01 - MNIST.py`: uppercase `X`/`Y`, `W1`/`L1` names, `tf.random_normal(stddev=0.01)`
weights without biases, `global_step` counted by the optimizer, a checkpoint restored when it
exists (`tf.train.get_checkpoint_state` + `saver.restore`, otherwise initialize), Korean comments.
Constructs: `tf.Variable(0, trainable=False, name='global_step')`, `minimize(cost, global_step=global_step)`,
`tf.train.Saver(tf.global_variables())`, `tf.train.get_checkpoint_state(ckpt_dir)` +
`tf.train.checkpoint_exists`, `saver.save(sess, path, global_step=global_step)`,
`sess.run(global_step)`, `print('Epoch:', '%04d' % (epoch + 1), 'Avg. cost =', '{:.3f}'.format(...))`,
`is_correct`/`accuracy`, a second session that restores the saved weights and evaluates.
Expected accuracy: about 0.96.
"""
import os
import tempfile

import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

np.random.seed(0)
tf.set_random_seed(0)

digits = load_digits()
x_train, x_test, y_train, y_test = train_test_split(
    digits.data / 16.0, np.eye(10)[digits.target], test_size=0.25, random_state=0)
ckpt_dir = os.path.join(tempfile.mkdtemp(), 'model')

#########
# 신경망 모델 구성
######
# 학습에 직접적으로 사용하지 않고 학습 횟수에 따라 단순히 증가시킬 변수를 만듭니다.
global_step = tf.Variable(0, trainable=False, name='global_step')

X = tf.placeholder(tf.float32, [None, 64])
Y = tf.placeholder(tf.float32, [None, 10])

W1 = tf.Variable(tf.random_normal([64, 256], stddev=0.01))
L1 = tf.nn.relu(tf.matmul(X, W1))

W2 = tf.Variable(tf.random_normal([256, 256], stddev=0.01))
L2 = tf.nn.relu(tf.matmul(L1, W2))

W3 = tf.Variable(tf.random_normal([256, 10], stddev=0.01))
model = tf.matmul(L2, W3)

cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(logits=model, labels=Y))
optimizer = tf.train.AdamOptimizer(0.001)
# global_step로 넘겨준 변수를, 학습용 변수들을 최적화 할 때 마다 학습 횟수를 하나씩 증가시킵니다.
train_op = optimizer.minimize(cost, global_step=global_step)

is_correct = tf.equal(tf.argmax(model, 1), tf.argmax(Y, 1))
accuracy = tf.reduce_mean(tf.cast(is_correct, tf.float32))

#########
# 신경망 모델 학습
######
sess = tf.Session()
# 모델을 저장하고 불러오는 API를 초기화합니다.
saver = tf.train.Saver(tf.global_variables())

ckpt = tf.train.get_checkpoint_state(ckpt_dir)
if ckpt and tf.train.checkpoint_exists(ckpt.model_checkpoint_path):
    saver.restore(sess, ckpt.model_checkpoint_path)
else:
    sess.run(tf.global_variables_initializer())

batch_size = 100
total_batch = int(len(x_train) / batch_size)

for epoch in range(25):
    total_cost = 0
    perm = np.random.permutation(len(x_train))
    for i in range(total_batch):
        idx = perm[i * batch_size:(i + 1) * batch_size]
        batch_xs, batch_ys = x_train[idx], y_train[idx]
        _, cost_val = sess.run([train_op, cost], feed_dict={X: batch_xs, Y: batch_ys})
        total_cost += cost_val
    if epoch % 5 == 4:
        print('Epoch:', '%04d' % (epoch + 1), 'Avg. cost =', '{:.3f}'.format(total_cost / total_batch))

print('최적화 완료! Step: %d' % sess.run(global_step))

# 최적화가 끝난 뒤, 변수를 저장합니다.
os.makedirs(ckpt_dir, exist_ok=True)
saver.save(sess, os.path.join(ckpt_dir, 'dnn.ckpt'), global_step=global_step)
sess.close()

#########
# 결과 확인: 저장된 모델을 다시 불러와서 확인합니다.
######
with tf.Session() as sess:
    ckpt = tf.train.get_checkpoint_state(ckpt_dir)
    saver.restore(sess, ckpt.model_checkpoint_path)
    acc = sess.run(accuracy, feed_dict={X: x_test, Y: y_test})
    print('정확도:', acc)
    print('final accuracy: %.4f' % acc)
