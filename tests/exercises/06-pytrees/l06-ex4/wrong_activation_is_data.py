# Misconception: every field of a registered dataclass is data; the activation string becomes a leaf.
@jax.tree_util.register_dataclass
@dataclasses.dataclass
class Linear:
    w: jax.Array
    b: jax.Array
    activation: str
