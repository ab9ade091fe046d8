"""Partner datasets: the multi-agency minimum dataset, declared, templated, validated,
versioned and analysed."""
