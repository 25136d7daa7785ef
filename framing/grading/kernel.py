"""The kernel a submission runs in while it is graded: ipykernel under resource limits.

The grading worker writes a kernelspec whose argv starts this module, so every
graded notebook runs in a process that limits itself before any student code:

* ``FRAMING_GRADE_CPU`` seconds of CPU time (RLIMIT_CPU: the kernel is
  stopped past it, whatever the code does, a C-level loop included);
* ``FRAMING_GRADE_MEMORY`` bytes of address space (RLIMIT_AS: an allocation
  past it raises MemoryError in the student's cell).
"""

from __future__ import annotations

import os
import resource
import sys


#: The environment variables that carry the limits (CPU seconds, bytes of memory).
CPU_VAR, MEMORY_VAR = "FRAMING_GRADE_CPU", "FRAMING_GRADE_MEMORY"


def apply_limits() -> None:
    """Set this process's CPU and memory limits from the environment (0 or unset: none)."""
    cpu = int(os.environ.get(CPU_VAR) or 0)
    memory = int(os.environ.get(MEMORY_VAR) or 0)
    if cpu > 0:
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 2))
    if memory > 0:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))


def launch() -> None:
    """Start ipykernel with this process's arguments (``-f CONNECTION_FILE ...``)."""
    # `import otter` in the graded notebook's first cell reaches jsonschema, which
    # builds an IRI grammar with lark when rfc3987-syntax is installed (JupyterLab
    # brings it): 1.5-3 s per submission, for a format check grading never uses.
    # jsonschema imports it inside `suppress(ImportError)`, so hide it here.
    sys.modules.setdefault("rfc3987_syntax", None)
    from ipykernel import kernelapp

    kernelapp.launch_new_instance()


def main() -> None:
    apply_limits()
    launch()


if __name__ == "__main__":
    main()
