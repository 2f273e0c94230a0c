"""``tf.image`` functions whose TF2 form samples differently."""

from __future__ import annotations

import libcst as cst

from migrate.engine.rule import Example, Rule, Safety
from migrate.findings import Severity
from migrate.rules import _calls

# ResizeMethodV1 values (tensorflow/python/ops/image_ops_impl.py) -> TF2 method strings.
METHODS = {0: "bilinear", 1: "nearest", 2: "bicubic", 3: "area"}
METHOD_NAMES = {"BILINEAR": "bilinear", "NEAREST_NEIGHBOR": "nearest", "BICUBIC": "bicubic", "AREA": "area"}


class ResizeImages(Rule):
    """``tf.image.resize_images(x, size, method=1)`` -> ``tf.image.resize(x, size, method='nearest')``.

    TF2's ``tf.image.resize`` takes the method as a string and always uses
    half-pixel centers, so results can differ from TF1 by a fraction of a
    pixel: a review fix, reported as a warning. ``align_corners=True`` has no
    TF2 form: the call falls back to ``tf.compat.v1.image.resize_images`` (or is
    left alone with ``--no-fallback``). A method the rule can't read is left.
    """

    code = "TFM113"
    family = "image"
    description = "tf.image.resize_images -> tf.image.resize with a string method"
    safety = Safety.REVIEW
    symbols = frozenset({"image.resize_images", "image.resize"})
    examples = (
        Example(
            "import tensorflow as tf\ny = tf.image.resize_images(x, [28, 28])\n",
            "import tensorflow as tf\ny = tf.image.resize(x, [28, 28])\n",
        ),
        Example(
            "import tensorflow as tf\ny = tf.image.resize_images(x, (8, 8), method=tf.image.ResizeMethod.NEAREST_NEIGHBOR)\n",
            "import tensorflow as tf\ny = tf.image.resize(x, (8, 8), method='nearest')\n",
        ),
        Example(
            "import tensorflow as tf\ny = tf.image.resize_images(x, s, 2, align_corners=True)\n",
            "import tensorflow as tf\ny = tf.compat.v1.image.resize_images(x, s, 2, align_corners=True)\n",
        ),
        Example("import tensorflow as tf\ny = tf.image.resize(x, [28, 28], method='nearest')\n", None, "already TF2"),
        Example("import tensorflow as tf\ny = tf.image.resize_images(x, s, method=m)\n", None, "method unknown statically"),
    )

    def on_call(self, original, updated, symbol, ctx):
        params = ("images", "size", "method", "align_corners", "preserve_aspect_ratio", "name")
        if symbol == "image.resize" and not any(a.keyword and a.keyword.value == "align_corners" for a in updated.args):
            return None  # the TF2 signature: nothing to do (``image.resize`` is resize_images in TF1)
        bound = _calls.bind(updated, params)
        if bound is None:
            return None
        corners = bound.get("align_corners")
        if corners is not None and not (isinstance(corners.value, cst.Name) and corners.value.value == "False"):
            if not ctx.options.fallback:
                ctx.report(original, self.code, Severity.WARNING, "align_corners has no TF2 form; left as is", fixed=False)
                return None
            ctx.report(original, self.code, Severity.WARNING,
                       "align_corners has no TF2 form; kept on tf.compat.v1.image.resize_images", fixed=True)
            return updated.with_changes(func=ctx.ref("compat.v1.image.resize_images"))
        method = bound.get("method")
        name = self._method(method.value) if method else "bilinear"
        if name is None:
            ctx.report(original, self.code, Severity.WARNING,
                       "tf.image.resize_images: method can't be read statically; migrate by hand", fixed=False)
            return None
        args = []
        for arg in updated.args:
            if arg is corners:
                continue
            if arg is method:
                arg = _calls.keyword(arg.with_changes(value=cst.SimpleString(repr(name))), "method")
                if name == "bilinear":
                    continue
            args.append(arg)
        args = [a if a.keyword or i < 2 else _calls.keyword(a, next(p for p, b in bound.items() if b is a))
                for i, a in enumerate(args)]
        ctx.report(original, self.code, Severity.WARNING,
                   "tf.image.resize uses half-pixel centers: pixel values can differ slightly from TF1", fixed=True)
        return _calls.rebuild(updated.with_changes(func=ctx.replace(original.func, ctx.ref("image.resize"))), args)

    @staticmethod
    def _method(node: cst.BaseExpression) -> str | None:
        if isinstance(node, cst.Integer):
            return METHODS.get(int(node.value))
        if isinstance(node, cst.Attribute):
            return METHOD_NAMES.get(node.attr.value)
        return None


# TF 1.15's tf.image.resize_bilinear / _nearest_neighbor / _bicubic / _area are the kernels
# gen_image_ops.Resize*(images, size, align_corners, half_pixel_centers) (tensorflow/python/ops/image_ops_impl.py);
# TF 2.15 exports the same functions as tf.compat.v1.image.* only.
V1_KERNELS = frozenset({"image.resize_bilinear", "image.resize_nearest_neighbor", "image.resize_bicubic",
                        "image.resize_area"})


class ResizeV1Kernels(Rule):
    """``tf.image.resize_bilinear(x, size)`` -> ``tf.compat.v1.image.resize_bilinear(x, size)`` in any file.

    The compat name is the same function, which runs eagerly in TF2; ``tf.image.resize`` would sample
    with half-pixel centers and change a TF1 program's pixels (a classifier's scores with them), so
    the exact form is kept and the finding names the TF2 call to move to once that is acceptable.
    """

    code = "TFM116"
    family = "image"
    description = "tf.image.resize_bilinear / nearest_neighbor / bicubic / area -> tf.compat.v1.image.* (same kernel)"
    symbols = V1_KERNELS
    examples = (
        Example("import tensorflow as tf\ny = tf.image.resize_bilinear(x, [224, 224])\n",
                "import tensorflow as tf\ny = tf.compat.v1.image.resize_bilinear(x, [224, 224])\n"),
        Example("import tensorflow.compat.v1 as tf\ny = tf.image.resize_bilinear(x, [224, 224])\n", None,
                "already the compat name"),
        Example("import tensorflow as tf\ny = tf.image.resize(x, [224, 224])\n", None, "already TF2"),
    )

    def on_reference(self, original, updated, symbol, ctx):
        if ctx.spelled_compat(original) or ctx.compat_alias:
            return None
        method = symbol.removeprefix("image.resize_").replace("neighbor", "").rstrip("_")
        ctx.report(original, self.code, Severity.INFO,
                   f"tf.{symbol} is tf.compat.v1.{symbol} in TF2 (the same kernel); tf.image.resize(..., "
                   f"method='{method}') uses half-pixel centers and samples differently", fixed=True)
        return ctx.replace(original, ctx.ref(f"compat.v1.{symbol}"))
