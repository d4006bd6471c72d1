# Misconception: tree_flatten only needs the arrays; the activation (aux data) is dropped and lost on rebuild.
@jax.tree_util.register_pytree_node_class
class Linear:
    def __init__(self, w, b, activation=None):
        self.w, self.b, self.activation = w, b, activation

    def tree_flatten(self):
        return (self.w, self.b), None

    @classmethod
    def tree_unflatten(cls, aux_data, children):
        return cls(*children)
