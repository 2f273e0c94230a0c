"""From graphs and sessions to eager TF2.

A TF1 program builds a graph, then runs pieces of it in a session. This
package turns each ``sess.run(fetches, feed_dict)`` into a call of a
``tf.function`` whose arguments are the fed placeholders and whose body is
the slice of graph-building code the fetches depend on; state (variables,
Keras layers and optimizers) is created once, outside those functions.
"""
