"""Long work started from the web, run in the background from a persisted queue.

- :mod:`.queue`: the jobs table of the records database (SQLite or PostgreSQL), claimed by
  workers, with progress, heartbeats, and recovery after a server restart;
- :mod:`.runner`: the worker, a thread of ``safer serve`` or a ``safer jobs run`` process;
- :mod:`.reports`: reports as jobs, their files and the data version each read;
- :mod:`.uploads`: partner files staged, validated, then accepted (loaded by a job) or
  cancelled.
"""
