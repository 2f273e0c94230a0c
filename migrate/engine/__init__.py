"""The codemod engine: parse, resolve TensorFlow names, run rules, write safely."""
