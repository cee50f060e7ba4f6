"""Run spark/reprint_spark.py's main several times in one Spark driver
(one JVM start instead of one a run), as tests/integration/spark.rs asks:

    spark-submit --py-files spark/reprint_spark.py tests/integration/spark_runs.py RUNS

RUNS is a file of runs, one a line: the arguments of one
`spark-submit spark/reprint_spark.py ...`, tab-separated; a line whose
first field is `fails` is a run that must fail (exit status 2: its message
is on stderr for the test to check). Exits with the first failing run's
status, or 1 when a run that must fail did not.
"""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "spark"))

import reprint_spark  # noqa: E402


def main(path):
    with open(path) as f:
        runs = [line.rstrip("\n").split("\t") for line in f if line.strip()]
    for argv in runs:
        must_fail = argv[0] == "fails"
        if must_fail:
            argv = argv[1:]
        try:
            status = reprint_spark.main(argv)
        except SystemExit as e:
            status = e.code
        if must_fail:
            if status != 2:
                sys.stderr.write(f"spark_runs.py: run {argv} exited {status}, not 2\n")
                return 1
            continue
        if status != 0:
            sys.stderr.write(f"spark_runs.py: run {argv} exited {status}\n")
            return status
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
