"""run() follows the contract's signature but returns a dict without test_accuracy."""


def run(**kwargs):
    return {"losses": [1.0]}
