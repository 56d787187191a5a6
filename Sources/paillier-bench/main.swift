import Paillier
print("paillier-bench: not built yet")
