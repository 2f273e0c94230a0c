"""blocks.calls_in walks dataclass fields; it must meet calls in the order a libcst visitor does."""

import libcst as cst
import pytest

from migrate.graph.blocks import calls_in

SOURCE = '''
@deco(a())
class C(Base(b()), metaclass=meta(c())):
    @tf.function(input_signature=sig())
    def f(self, x=default(), *, y: ann() = kw()) -> ret():
        try:
            return outer(inner(x), key=lambda v: lam(v))[idx()]
        except err() as e:
            handle(e)
        finally:
            done()

value = body() if test() else orelse()
items = [elt(i) for i in source() if cond(i)]
table = {key(k): val(k) for k in keys()}
with scope(name()) as s, other():
    total += step(s) * (left() @ right())
'''


def _visited(node: cst.CSTNode) -> list[cst.Call]:
    found: list[cst.Call] = []

    class _Calls(cst.CSTVisitor):
        def visit_Call(self, call: cst.Call) -> None:
            found.append(call)

    node.visit(_Calls())
    return found


@pytest.mark.parametrize("index", range(len(cst.parse_module(SOURCE).body)))
def test_calls_in_matches_a_libcst_visitor(index):
    statement = cst.parse_module(SOURCE).body[index]
    expected = _visited(statement)
    assert expected  # every statement above makes calls
    got = calls_in(statement)
    assert len(got) == len(expected) and all(a is b for a, b in zip(got, expected))


def test_calls_in_order_is_source_order():
    names = [c.func.value for c in calls_in(cst.parse_module(SOURCE)) if isinstance(c.func, cst.Name)]
    assert names[:5] == ["deco", "a", "Base", "b", "meta"]
    assert names[names.index("body"):names.index("body") + 3] == ["body", "test", "orelse"]
