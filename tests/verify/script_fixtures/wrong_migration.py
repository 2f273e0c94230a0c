"""A 'migration' of tiny_tf1.py that does not train: it prints a chance-level accuracy (must be NOT equivalent)."""
import numpy as np

print("step 0, loss 2.3026")
print("final accuracy: %.4f" % (0.10 + 0.001 * np.random.rand()))
