"""Session configured with `tf.ConfigProto` GPU options, Korean-blog CNN style.

Imitates: Korean TF1 blog posts (e.g. "Tensorflow로 이미지 분류를 시도 하면서 느낀점") that always open
the session with `allow_growth` so the GPU memory is not grabbed at once, and pin the CPU for tests.
Constructs: `tf.ConfigProto(device_count={'GPU': 0}, gpu_options=tf.GPUOptions(allow_growth=True),
allow_soft_placement=True, log_device_placement=False)`, `tf.Session(config=config)`,
CNN with raw `tf.nn.conv2d` / `tf.nn.max_pool`, `tf.Variable(tf.random_normal(..., stddev=0.01))`
named `W1`/`L1` in the golbin "TensorFlow-Tutorials" naming, `tf.nn.dropout(L3, keep_prob)`,
`print('Epoch:', '%04d' % (epoch + 1), 'Avg. cost =', '{:.3f}'.format(...))`.
Expected accuracy: about 0.96.
"""
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

np.random.seed(0)
tf.set_random_seed(0)

digits = load_digits()
train_x, test_x, train_y, test_y = train_test_split(
    digits.images.reshape(-1, 8, 8, 1).astype(np.float32) / 16.0,
    np.eye(10, dtype=np.float32)[digits.target], test_size=0.25, random_state=0)

#########
# 신경망 모델 구성
######
X = tf.placeholder(tf.float32, [None, 8, 8, 1])
Y = tf.placeholder(tf.float32, [None, 10])
keep_prob = tf.placeholder(tf.float32)

W1 = tf.Variable(tf.random_normal([3, 3, 1, 32], stddev=0.01))
L1 = tf.nn.conv2d(X, W1, strides=[1, 1, 1, 1], padding='SAME')
L1 = tf.nn.relu(L1)
L1 = tf.nn.max_pool(L1, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding='SAME')

W2 = tf.Variable(tf.random_normal([3, 3, 32, 64], stddev=0.01))
L2 = tf.nn.conv2d(L1, W2, strides=[1, 1, 1, 1], padding='SAME')
L2 = tf.nn.relu(L2)
L2 = tf.nn.max_pool(L2, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding='SAME')

W3 = tf.Variable(tf.random_normal([2 * 2 * 64, 128], stddev=0.01))
L3 = tf.reshape(L2, [-1, 2 * 2 * 64])
L3 = tf.matmul(L3, W3)
L3 = tf.nn.relu(L3)
L3 = tf.nn.dropout(L3, keep_prob)

W4 = tf.Variable(tf.random_normal([128, 10], stddev=0.01))
model = tf.matmul(L3, W4)

cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(logits=model, labels=Y))
optimizer = tf.train.AdamOptimizer(0.003).minimize(cost)

#########
# 신경망 모델 학습
######
config = tf.ConfigProto(device_count={'GPU': 0},
                        gpu_options=tf.GPUOptions(allow_growth=True),
                        allow_soft_placement=True,
                        log_device_placement=False)
init = tf.global_variables_initializer()
sess = tf.Session(config=config)
sess.run(init)

batch_size = 64
total_batch = int(len(train_x) / batch_size)

for epoch in range(12):
    total_cost = 0
    perm = np.random.permutation(len(train_x))
    for i in range(total_batch):
        idx = perm[i * batch_size:(i + 1) * batch_size]
        batch_xs, batch_ys = train_x[idx], train_y[idx]
        _, cost_val = sess.run([optimizer, cost], feed_dict={X: batch_xs, Y: batch_ys, keep_prob: 0.7})
        total_cost += cost_val
    if epoch % 4 == 3:
        print('Epoch:', '%04d' % (epoch + 1), 'Avg. cost =', '{:.3f}'.format(total_cost / total_batch))

print('최적화 완료!')

#########
# 결과 확인
######
is_correct = tf.equal(tf.argmax(model, 1), tf.argmax(Y, 1))
accuracy = tf.reduce_mean(tf.cast(is_correct, tf.float32))
acc = sess.run(accuracy, feed_dict={X: test_x, Y: test_y, keep_prob: 1})
print('정확도:', acc)
print('final accuracy: %.4f' % acc)
