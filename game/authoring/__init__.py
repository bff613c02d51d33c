"""Tools for scenario authors, built on the engine: the deal-space checks behind `validate`, the offer
probe and the balance report."""
