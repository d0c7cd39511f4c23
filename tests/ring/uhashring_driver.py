"""Reference client for the ketama tests: which node uhashring (ketama mode) picks per key.
Usage: uhashring_driver.py NAME:WEIGHT ... < keys; prints "key<TAB>node" per line."""
import sys

from uhashring import HashRing

nodes = {}
for spec in sys.argv[1:]:
    name, weight = spec.rsplit(":", 1)
    nodes[name] = {"weight": int(weight), "hostname": name}
ring = HashRing(nodes=nodes, hash_fn="ketama")
write = sys.stdout.write
for line in sys.stdin:
    key = line.rstrip("\n")
    write(f"{key}\t{ring.get_node(key)}\n")
