"""run() without **kwargs: it cannot take the harness' arguments."""


def run(*, epochs=1):
    return {}
