"""Reference figures of the NegMAS run of the workload (see docs/bench.md for how they
were measured). Plain numbers: the project never imports negmas."""

# seconds per negotiation of the NegMAS reference on this machine (brief: ~0.6 / ~1.8 s)
NEGMAS_SECONDS_PER_NEGOTIATION = {"bilateral": 0.6, "multilateral6": 1.8}
