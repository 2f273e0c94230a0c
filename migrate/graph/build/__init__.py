"""Builders of the graph→eager conversion, one module per TF1 construct.

Each module takes the statements ``classify`` gave its kind (``plan.Kind``) and
writes their TF2 form; ``convert._BUILDERS`` maps each kind to its builder.
``Converter`` owns one object per construct, which keeps that construct's state
for the block being converted:

- ``checkpoints``: ``tf.train.Saver`` -> ``tf.train.Checkpoint``;
- ``session_config``: ``tf.ConfigProto`` / ``tf.GPUOptions`` -> ``tf.config`` calls.
"""
