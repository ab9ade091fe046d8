"""Analyses of partner datasets: one module per domain, each returning a PartnerSection."""
