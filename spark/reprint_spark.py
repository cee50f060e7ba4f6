#!/usr/bin/env python3
"""reprint on Spark: the same groups as one `reprint` process, from a job
whose heavy stages run on executors.

    spark-submit spark/reprint_spark.py INPUT... -o OUTPUT [--partitions N]
        [--reprint PATH] [--work DIR] [reprint's flags]
    spark-submit spark/reprint_spark.py dedup INPUT... -o OUTPUT [...]
        [reprint dedup's flags]

The Rust binary does every rule (`reprint stage ...`); Spark only moves
data: postings to buckets, meetings to pairs, pairs to the shingle sets
they need. See spark/README.md for the stages, the files and lines between
them, shipping the binary and memory.
"""

import argparse
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time

from pyspark import SparkFiles, StorageLevel
from pyspark.sql import SparkSession
from pyspark.sql import functions as F


def options(argv):
    """This script's own options; everything else is reprint's (inputs,
    -o, detection and output flags), passed to `stage split` and
    `stage cluster` as given, so reprint checks them itself."""
    p = argparse.ArgumentParser(
        prog="reprint_spark.py",
        allow_abbrev=False,
        description="Run reprint on Spark. Unrecognized arguments are reprint's.",
    )
    p.add_argument("--partitions", type=int, default=None,
                   help="shards of records (default: Spark's default parallelism)")
    p.add_argument("--reprint", default=os.environ.get("REPRINT_BIN", "reprint"),
                   help="the reprint binary: a path on the driver; on executors the "
                        "file of that name shipped with --files, else the same path "
                        "(default: $REPRINT_BIN, else reprint on PATH)")
    p.add_argument("--work", default=None,
                   help="work folder every executor and the driver can read and "
                        "write (default: a new temporary folder, removed at the end)")
    p.add_argument("--executor-threads", type=int, default=1,
                   help="threads of each reprint process an executor starts "
                        "(default 1: Spark already runs one task a core)")
    p.add_argument("--reuse-work", action="store_true",
                   help="with --work DIR holding a finished run (verified/ written), "
                        "only write the output from it: its detection is the run's")
    dedup = bool(argv) and argv[0] == "dedup"
    ours, rest = p.parse_known_args(argv[1:] if dedup else argv)
    ours.dedup = dedup
    if ours.reuse_work and ours.work is None:
        p.error("--reuse-work needs --work DIR")
    if ours.partitions is not None and ours.partitions < 1:
        p.error("--partitions must be at least 1")
    return ours, rest


def fail(message):
    """End the job as reprint ends on an error: a message and status 2."""
    sys.stderr.write(f"reprint_spark.py: error: {message}\n")
    sys.exit(2)


# A Hadoop filesystem URI (`s3a://`, `hdfs://`, `file://`, ...): read
# through Spark's Hadoop FileSystem, not by reprint.
URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
# reprint's options whose value is a path (an output): never an input.
PATH_VALUED = {"-o", "--output", "--pairs-out", "--removed"}
# Hadoop's glob characters (FileSystem.globStatus).
GLOB = re.compile(r"[*?\[\]{}]")


def uri_inputs(rest):
    """The places in `rest` of the inputs given as URIs."""
    return [i for i, a in enumerate(rest)
            if URI.match(a) and not (i > 0 and rest[i - 1] in PATH_VALUED)]


def java_message(e):
    """A Java exception's own message (its class and text), not py4j's."""
    java = getattr(e, "java_exception", None)
    return java.toString() if java is not None else str(e).strip().splitlines()[0]


def hadoop_matches(spark, uri):
    """What `uri` names through the Hadoop FileSystem: (its file system,
    the statuses of its matches, in Hadoop's order: sorted by path); a URI
    or glob that matches nothing is an error naming it."""
    jvm = spark._jvm
    conf = spark.sparkContext._jsc.hadoopConfiguration()
    try:
        path = jvm.org.apache.hadoop.fs.Path(uri)
        fs = path.getFileSystem(conf)
        found = fs.globStatus(path)
    except Exception as e:
        fail(f"input {uri}: {java_message(e)}")
    if found is None or len(found) == 0:
        fail(f"input {uri} matches no file")
    return fs, list(found)


def uri_name(status):
    """A glob match's name in origins: its full URI (Hadoop's own string
    drops the `//` of an empty authority: `file:/x`)."""
    u = status.getPath().toUri()
    return f"{u.getScheme()}://{u.getAuthority() or ''}{u.getRawPath()}"


def resolve_inputs(spark, rest, spool):
    """`rest` for `stage split` with each URI input replaced by local
    copies of what it matches (in `spool`, on the driver), each named by
    `--origin-name` as the user gave it (a glob's matches by their URI),
    and `rest` for `stage cluster`, which only checks that no output is an
    input: `file://` matches as their local paths, other URIs left out.
    With no `spool`, nothing is copied (only `stage cluster`'s `rest`)."""
    places = set(uri_inputs(rest))
    if not places:
        return rest, rest
    jvm = spark._jvm
    split_args, cluster_args, names = [], [], []
    for i, arg in enumerate(rest):
        if i not in places:
            split_args.append(arg)
            cluster_args.append(arg)
            continue
        fs, found = hadoop_matches(spark, arg)
        glob = GLOB.search(arg) is not None
        for st in found:
            src = st.getPath()
            if src.toUri().getScheme() == "file":
                cluster_args.append(src.toUri().getPath())
            if spool is None:
                continue
            local = os.path.join(spool, f"{len(names)}-{src.getName() or 'input'}")
            dst = jvm.org.apache.hadoop.fs.Path(jvm.java.io.File(local).toURI())
            try:
                # Raw bytes (a .gz stays compressed: reprint knows it by
                # its bytes), no .crc files beside the copy.
                fs.copyToLocalFile(False, src, dst, True)
            except Exception as e:
                fail(f"input {arg}: copying {src.toString()}: {java_message(e)}")
            split_args.append(local)
            names += ["--origin-name", local, uri_name(st) if glob else arg]
    return split_args + names, cluster_args


def driver_binary(name):
    found = shutil.which(name) if os.sep not in name else name
    if not found or not os.path.exists(found):
        fail(f"the reprint binary '{name}' was not found (give --reprint PATH or set REPRINT_BIN)")
    return os.path.abspath(found)


def executor_binary(path):
    """The binary on an executor: shipped with --files, or at the driver's path."""
    try:
        shipped = SparkFiles.get(os.path.basename(path))
        if os.path.exists(shipped):
            os.chmod(shipped, 0o755)
            return shipped
    except Exception:
        pass
    return path


STARTED = time.monotonic()


def note(what):
    """With -v, when each step ended (where the time goes)."""
    if VERBOSE:
        sys.stderr.write(f"reprint_spark.py: {time.monotonic() - STARTED:7.1f}s {what}\n")


VERBOSE = False


def run_driver(cmd):
    """Run a stage on the driver; its exit status ends the job when not 0."""
    done = subprocess.run(cmd)
    if done.returncode != 0:
        sys.exit(done.returncode)


def main(argv):
    ours, rest = options(argv)
    binary = driver_binary(ours.reprint)
    spark = SparkSession.builder.appName("reprint").getOrCreate()
    sc = spark.sparkContext
    sc.setLogLevel("WARN")
    parts = ours.partitions or sc.defaultParallelism
    work = ours.work or tempfile.mkdtemp(prefix="reprint-spark-")
    try:
        try:
            status = run(spark, binary, work, parts, ours, rest)
        except SystemExit:
            raise
        except Exception as e:
            # A pipe stage that failed (its own message is in the task's
            # stderr above), or Spark itself.
            first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
            fail(f"a Spark stage failed: {first}")
    finally:
        if ours.work is None:
            shutil.rmtree(work, ignore_errors=True)
    spark.stop()
    return status


def run(spark, binary, work, parts, ours, rest):
    sc = spark.sparkContext
    threads = ours.executor_threads
    # `reprint dedup` through Spark: the split reads the inputs as dedup
    # does, and the last step writes what dedup writes.
    split_cmd, last_cmd = ("dedup-split", "dedup") if ours.dedup else ("split", "cluster")
    global VERBOSE
    verbose = VERBOSE = any(a in ("-v", "--verbose") for a in rest)
    if ours.dedup and uri_inputs(rest):
        fail(f"dedup through Spark reads its inputs again on the driver to copy the kept "
             f"records, so it takes local paths only, not {rest[uri_inputs(rest)[0]]} "
             f"(the main command reads URIs)")
    if ours.reuse_work and os.path.isdir(os.path.join(work, "verified")):
        _, cluster_rest = resolve_inputs(spark, rest, None)
        done = subprocess.run([binary, "stage", last_cmd, "--work", work] + cluster_rest)
        note(f"{last_cmd} from the work folder's run")
        return done.returncode
    # Every shuffle keeps the job's partitions (Spark SQL's default is 200
    # whatever the data: 200 reprint processes a stage for a small run).
    spark.conf.set("spark.sql.shuffle.partitions", str(parts))
    note("spark started")

    # 1. Read once, on the driver: sequence, duplicate ids, outlets, the
    #    shingle unit and boilerplate are decided here, for every shard.
    #    Inputs given as URIs are copied to the driver first, named by
    #    the URI in every origin.
    spool = tempfile.mkdtemp(prefix="reprint-spark-inputs-")
    try:
        split_rest, cluster_rest = resolve_inputs(spark, rest, spool)
        note("inputs copied" if split_rest is not rest else "inputs local")
        run_driver([binary, "stage", split_cmd, "--work", work, "--shards", str(parts)] + split_rest)
    finally:
        shutil.rmtree(spool, ignore_errors=True)

    note("split")
    env = {"RAYON_NUM_THREADS": str(threads)}

    def featurize(shard):
        exe = executor_binary(binary)
        done = subprocess.run([exe, "stage", "featurize", "--work", work, str(shard)],
                              env={**os.environ, **env}, capture_output=True, text=True)
        return shard, done.returncode, done.stderr

    # 2. Featurize the shards on the executors.
    for shard, code, err in sc.parallelize(range(parts), parts).map(featurize).collect():
        if code != 0:
            sys.stderr.write(err)
            fail(f"featurizing shard {shard} failed (exit status {code})")

    note("featurize")
    features = spark.read.parquet(os.path.join(work, "features"))

    def stage(*args):
        exe = executor_binary(binary)
        return " ".join(shlex.quote(a) for a in [exe, "stage", *args, "--work", work])

    def piped(rdd, *args):
        return rdd.pipe(stage(*args), env=env, checkCode=True)

    # 3. Candidates. LSH: records sharing a (band, key) bucket.
    buckets = (features
               .select("seq", F.posexplode("bands").alias("band", "key"))
               .groupBy("band", "key")
               .agg(F.array_join(F.collect_list(F.col("seq").cast("string")), " ").alias("line"),
                    F.count("*").alias("n"))
               .where("n >= 2"))
    # Records too short for a signature: buckets of their exact shingle set,
    # under the same rule (a star past --max-bucket).
    exact = (features
             .where(F.col("exact").isNotNull())
             .groupBy("exact")
             .agg(F.array_join(F.collect_list(F.col("seq").cast("string")), " ").alias("line"),
                  F.count("*").alias("n"))
             .where("n >= 2"))
    lines = buckets.select("line").union(exact.select("line"))
    lsh = piped(lines.rdd.map(lambda r: r[0]), "pairs", "lsh")

    # Anchors: each anchor's holders, with their anchor counts; meetings
    # counted per pair; the two-anchor rule decides in reprint.
    holders = (features
               .select("seq", F.size("anchors").alias("k"), F.explode("anchors").alias("anchor"))
               .groupBy("anchor")
               .agg(F.array_join(F.collect_list(F.concat_ws(":", F.col("seq").cast("string"), F.col("k").cast("string"))), " ").alias("line"),
                    F.count("*").alias("n"))
               .where("n >= 2"))
    meetings = piped(holders.select("line").rdd.map(lambda r: r[0]), "pairs", "anchors")

    def meeting(line):
        a, b, na, nb = line.split("\t")
        return (a, b), (1, na, nb)

    hits = (meetings.map(meeting)
            .reduceByKey(lambda x, y: (x[0] + y[0], x[1], x[2]), parts)
            .map(lambda kv: "\t".join([kv[0][0], kv[0][1], str(kv[1][0]), kv[1][1], kv[1][2]])))
    anchors = piped(hits, "pairs", "anchor-hits")

    lsh.persist(StorageLevel.MEMORY_AND_DISK)
    anchors.persist(StorageLevel.MEMORY_AND_DISK)
    candidates = lsh.union(anchors).distinct(parts)
    candidates.persist(StorageLevel.MEMORY_AND_DISK)
    counts = []
    if verbose:
        # A pair sharing several bands is one LSH candidate, as in one
        # process (the union below drops repeats anyway).
        counts = ["--lsh-candidates", str(lsh.distinct(parts).count()),
                  "--anchor-candidates", str(anchors.count()),
                  "--candidates", str(candidates.count())]

    note("candidates")

    # 4. Verify: each pair joined to both records' shingle sets and edges.
    pairs = spark.createDataFrame(
        candidates.map(lambda line: tuple(int(x) for x in line.split("\t"))),
        "a long, b long")
    side = features.select(
        "seq",
        F.coalesce(F.col("outlet").cast("string"), F.lit("-")).alias("outlet"),
        F.coalesce(F.col("timestamp").cast("string"), F.lit("-")).alias("time"),
        F.array_join(F.col("shingles").cast("array<string>"), " ").alias("shingles"),
        F.array_join(F.col("edges").cast("array<string>"), " ").alias("edges"))
    sa = side.select(*[F.col(c).alias(c + "_a") for c in side.columns])
    sb = side.select(*[F.col(c).alias(c + "_b") for c in side.columns])
    lines = (pairs
             .join(sa, pairs.a == sa.seq_a)
             .join(sb, pairs.b == sb.seq_b)
             .select(F.concat_ws("\t", F.col("a").cast("string"), F.col("b").cast("string"), "outlet_a", "time_a", "outlet_b", "time_b",
                                 "shingles_a", "shingles_b", "edges_a", "edges_b")))
    verified = piped(lines.rdd.map(lambda r: r[0]), "verify")
    verified.saveAsTextFile(os.path.join(work, "verified"))

    note("verify")

    # 5. Cluster and write, on the driver, exactly as reprint writes.
    done = subprocess.run([binary, "stage", last_cmd, "--work", work] + counts + cluster_rest)
    note(f"{last_cmd} and write")
    return done.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
