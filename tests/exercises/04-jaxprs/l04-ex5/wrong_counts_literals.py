# Misconception: closed-over Python numbers are captured as constants, like arrays.
from jax.extend.core import Literal

def captured_size(f, *args):
    def size_in(closed):
        total = sum(int(np.size(c)) for c in getattr(closed, "consts", ()))
        for eqn in closed.eqns:
            total += sum(1 for v in eqn.invars if isinstance(v, Literal))
            for inner in inner_jaxprs(eqn):
                total += size_in(inner)
        return total

    return size_in(jax.make_jaxpr(f)(*args))
