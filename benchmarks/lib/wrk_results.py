"""The measured `WRK name key=value ...` lines of a benchmark results file, as the shell `load` helper writes them."""


def measured_runs(path):
    """Rows per run name, in file order, each a dict of floats; warm-up runs are left out."""
    rows = {}
    for line in open(path):
        parts = line.split()
        if not parts or parts[0] != "WRK" or parts[1].startswith("warmup"):
            continue
        rows.setdefault(parts[1], []).append({k: float(v) for k, v in (p.split("=") for p in parts[2:])})
    return rows
