# Misconception: a dataclass is automatically a pytree; unregistered, JAX sees the whole object as one leaf.
@dataclasses.dataclass
class Linear:
    w: jax.Array
    b: jax.Array
    activation: str
