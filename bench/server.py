"""A private copy of the provisioned server for one benchmark run, and the probes the
benchmarks read from it.

Each run copies target/server (built by ``mvn -DskipTests package``) to bench/out/<name>/,
deploys target/orator.war into it and starts it with the heap pinned, so runs never share a
database, audio files or logs. Shared by the benchmark scripts beside it; not a benchmark itself.
"""
import base64
import hashlib
import json
import os
import platform
import re
import shutil
import subprocess
import tempfile
import time
import urllib.error
import urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
OUT = os.path.join(ROOT, "bench", "out")
# Where the running copy listens; Server(port_offset=N) moves both (to run beside another server).
BASE = "http://127.0.0.1:8080"
MANAGEMENT = "http://127.0.0.1:9990"
HEAP = "-Xms512m -Xmx512m"


def sh(cmd, **kw):
    return subprocess.run(cmd, shell=True, check=True, text=True, capture_output=True, **kw).stdout


def base():
    """The application's URL on the server copy started last."""
    return BASE


class BucketServer:
    """An S3-compatible store for benchmarks: the test suite's S3Proxy (io.orator.testing.S3TestServer)
    in a JVM of its own, keeping its objects in a temporary directory. Needs the test classes
    (``mvn -DskipTests package`` builds them)."""

    ACCESS_KEY, SECRET_KEY = "orator-test", "orator-test-secret-key"

    def __init__(self, port=9590):
        self.port = port
        self.process = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def start(self):
        target = os.path.join(OUT, "bench-classpath.txt")
        os.makedirs(OUT, exist_ok=True)
        sh(f"cd {ROOT} && mvn -q -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile={target}")
        with open(target) as f:
            classpath = ":".join([os.path.join(ROOT, "target", "test-classes"), os.path.join(ROOT, "target", "classes"),
                                  f.read().strip()])
        directory = tempfile.mkdtemp(prefix="orator-bench-bucket-")
        self.process = subprocess.Popen(["java", "-cp", classpath, "io.orator.testing.S3TestServer", directory,
                                         str(self.port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/", timeout=1)
                break
            except urllib.error.HTTPError:
                break  # it answers (403 to an unsigned request)
            except (urllib.error.URLError, OSError):
                time.sleep(0.2)
        return self

    def settings(self, bucket):
        """The orator.storage.* properties of a server keeping its audio in the named bucket here."""
        return {"orator.storage.type": "s3", "orator.storage.s3.endpoint": f"http://127.0.0.1:{self.port}",
                "orator.storage.s3.bucket": bucket, "orator.storage.s3.create-bucket": "true",
                "orator.storage.s3.access-key": self.ACCESS_KEY, "orator.storage.s3.secret-key": self.SECRET_KEY}

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


def machine():
    """What a report ran on, so two reports can be compared."""
    java = subprocess.run("java -version 2>&1 | head -1", shell=True, text=True, capture_output=True).stdout.strip()
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    gpu = shutil.which("nvidia-smi") is not None
    return {"cpus": os.cpu_count(), "cpu": cpu, "os": platform.platform(), "java": java,
            "gpu": "nvidia" if gpu else "none", "load_average": os.getloadavg()}


def request(method, path, body=None, timeout=120, headers=None):
    data = json.dumps(body).encode() if body is not None else None
    all_headers = {"Content-Type": "application/json", **(headers or {})}
    req = urllib.request.Request(BASE + path, data=data, method=method, headers=all_headers)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            raw = r.read()
            return json.loads(raw) if raw else None
    except urllib.error.HTTPError as e:
        raise SystemExit(f"{method} {path}: HTTP {e.code}: {e.read().decode(errors='replace')}") from e


ADMIN = ("bench-admin", "bench-only-Secret-1")
# A read-only management user of the copy (group orator-monitor), for statistics that the
# management model only shows to an authenticated caller under role-based access control.
MONITOR = ("bench-monitor", "bench-only-Secret-2")


def admin_headers():
    token = base64.b64encode(f"{ADMIN[0]}:{ADMIN[1]}".encode()).decode()
    return {"Authorization": "Basic " + token}


def admin(method, path):
    return request(method, "/api/v1/admin/" + path, headers=admin_headers())


class Server:
    """One started server copy: its process id, data directory and probes."""

    def __init__(self, name, voices=None, properties=None, database="h2", env=None, nmt=False, jfr=None,
                 port_offset=None, pretouch=False, gc_log=None, pg_database="test", joins=False):
        self.name = name
        self.home = os.path.join(OUT, name)
        self.data = os.path.join(self.home, "orator-data")
        self.voices = voices
        self.properties = dict(properties or {})
        self.database = database
        self.env = dict(env or {})
        self.nmt = nmt
        self.jfr = jfr
        # ORATOR_BENCH_PORT_OFFSET moves every benchmark's server, e.g. beside a test run.
        self.port_offset = int(os.environ.get("ORATOR_BENCH_PORT_OFFSET", "0")) if port_offset is None else port_offset
        self.pretouch = pretouch
        self.gc_log = gc_log
        # PostgreSQL: which database, and whether this server joins one another server already
        # uses (a second node) rather than starting it with a fresh schema.
        self.pg_database = pg_database
        self.joins = joins
        self.pid = None
        self.process = None
        self.started_at = None
        self.ready_seconds = None

    def start(self, fresh=True):
        """Starts the server: a fresh copy of the provisioned one, or (fresh=False) the copy it
        ran before, with its database and audio, as a restart after a crash."""
        global BASE, MANAGEMENT
        BASE = f"http://127.0.0.1:{8080 + self.port_offset}"
        MANAGEMENT = f"http://127.0.0.1:{9990 + self.port_offset}"
        if fresh:
            shutil.rmtree(self.home, ignore_errors=True)
            os.makedirs(OUT, exist_ok=True)
            shutil.copytree(os.path.join(ROOT, "target", "server"), self.home)
            if self.database == "postgresql":
                self._use_postgresql()
            self._add_monitor_user()
            # ORATOR_BENCH_WAR deploys another build (an A/B of two builds in one run).
            war = os.environ.get("ORATOR_BENCH_WAR", os.path.join(ROOT, "target", "orator.war"))
            shutil.copy(war, os.path.join(self.home, "standalone", "deployments", "orator.war"))
        props = {"orator.node-name": self.name, "orator.data-dir": self.data, "orator.admin.user": ADMIN[0], "orator.admin.password": ADMIN[1]}
        if self.voices:
            props["orator.voices.dir"] = self.voices
        props.update(self.properties)
        opts = [HEAP, "-Djava.net.preferIPv4Stack=true", f"-Djboss.socket.binding.port-offset={self.port_offset}"] + [f"-D{k}={v}" for k, v in props.items()]
        if self.pretouch:
            # The pinned heap's pages are resident from the start, so heap pages touched for the
            # first time late in a run cannot pass for growth.
            opts.append("-XX:+AlwaysPreTouch")
        if self.nmt:
            opts.append("-XX:NativeMemoryTracking=summary")
        if self.gc_log:
            opts.append(f"-Xlog:gc:file={self.gc_log}:uptime")
        if self.jfr:
            opts.append(f"-XX:FlightRecorderOptions:stackdepth=512 -XX:StartFlightRecording=filename={self.jfr},settings=profile")
        env = dict(os.environ, JAVA_OPTS=" ".join(opts), **self.env)
        if self.database == "postgresql":
            env.update(POSTGRESQL_SERVICE_HOST="127.0.0.1", POSTGRESQL_DATABASE=self.pg_database,
                       POSTGRESQL_USER="postgres", POSTGRESQL_PASSWORD="postgres")
        log = open(os.path.join(self.home, "server.log"), "w" if fresh else "a")
        self.started_at = time.monotonic()
        self.process = subprocess.Popen([os.path.join(self.home, "bin", "standalone.sh")], env=env, stdout=log,
                                        stderr=log, start_new_session=True)
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"server exited; see {self.home}/server.log")
            try:
                with urllib.request.urlopen(MANAGEMENT + "/health/ready", timeout=2) as r:
                    health = json.loads(r.read())
                    # Before the application is deployed the server is "ready" with no checks at all.
                    if health.get("status") == "UP" and any(c.get("name") == "storage" for c in health.get("checks", [])):
                        break
            except (urllib.error.URLError, OSError, ValueError):
                pass
            time.sleep(0.1)
        else:
            raise SystemExit(f"server not ready in 300 s; see {self.home}/server.log")
        self.ready_seconds = time.monotonic() - self.started_at
        self.pid = int(sh(f"pgrep -f 'jboss-modules.jar.*{self.home}' | head -1").strip())
        return self

    def _use_postgresql(self):
        """Swaps the embedded H2 datasource for PostgreSQL, with the project's own script; a fresh schema."""
        if not self.joins:
            exists = sh(f"psql -h 127.0.0.1 -U postgres -d postgres -tA -c \"SELECT 1 FROM pg_database WHERE datname = '{self.pg_database}'\"")
            if not exists.strip():
                sh(f"psql -h 127.0.0.1 -U postgres -d postgres -q -c 'CREATE DATABASE {self.pg_database}'")
            sh(f"psql -h 127.0.0.1 -U postgres -d {self.pg_database} -q -c 'DROP SCHEMA IF EXISTS public CASCADE' -c 'CREATE SCHEMA public'")
        script = os.path.join(self.home, "use-postgresql.cli")
        with open(script, "w") as f:
            f.write("embed-server --server-config=standalone.xml\n")
            f.write("data-source remove --name=OratorDS\n")
            with open(os.path.join(ROOT, "wildfly-config", "datasource-postgresql.cli")) as source:
                f.write(source.read())
            f.write("\nstop-embedded-server\n")
        sh(f"{self.home}/bin/jboss-cli.sh --file={script}")

    def _add_monitor_user(self):
        config = os.path.join(self.home, "standalone", "configuration")
        digest = hashlib.md5(f"{MONITOR[0]}:ManagementRealm:{MONITOR[1]}".encode()).hexdigest()
        with open(os.path.join(config, "mgmt-users.properties"), "a") as f:
            f.write(f"\n{MONITOR[0]}={digest}\n")
        with open(os.path.join(config, "mgmt-groups.properties"), "a") as f:
            f.write(f"\n{MONITOR[0]}=orator-monitor\n")

    def management(self, operation):
        """One operation of the HTTP management API, as the read-only monitor user."""
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        passwords.add_password(None, MANAGEMENT + "/management", *MONITOR)
        opener = urllib.request.build_opener(urllib.request.HTTPDigestAuthHandler(passwords))
        req = urllib.request.Request(MANAGEMENT + "/management", data=json.dumps(operation).encode(),
                                     headers={"Content-Type": "application/json"})
        with opener.open(req, timeout=30) as r:
            return json.loads(r.read())["result"]

    def kill(self):
        """SIGKILL to the whole server, as kill -9 does: nothing of it runs after this."""
        os.killpg(self.process.pid, 9)
        self.process.wait()
        self.process = None

    def stop(self):
        if self.process is None:
            return
        subprocess.run([os.path.join(self.home, "bin", "jboss-cli.sh"), "-c",
                        f"--controller=localhost:{9990 + self.port_offset}", ":shutdown"], capture_output=True,
                       env=dict(os.environ, JBOSS_HOME=self.home))
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, 9)
        self.process = None

    # -- probes ---------------------------------------------------------------------------------

    def status_field(self, field):
        """A /proc/<pid>/status value in bytes (kB fields) or as a number."""
        with open(f"/proc/{self.pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    parts = line.split()
                    return int(parts[1]) * (1024 if len(parts) > 2 and parts[2] == "kB" else 1)
        return 0

    def rss(self):
        return self.status_field("VmRSS")

    def peak_rss(self):
        return self.status_field("VmHWM")

    def reset_peak_rss(self):
        """Starts VmHWM again from the current RSS (Linux: 5 > /proc/<pid>/clear_refs), so a peak
        belongs to what runs after this call."""
        with open(f"/proc/{self.pid}/clear_refs", "w") as f:
            f.write("5")

    def threads(self):
        return self.status_field("Threads")

    def open_files(self):
        return len(os.listdir(f"/proc/{self.pid}/fd"))

    def rss_after_native_trim(self):
        """RSS once glibc has given back the free memory of its heaps (jcmd System.trim_native_heap,
        the malloc_trim the worker runs after jobs): what the process holds, without the memory
        freed since the last trim, which moves the plain RSS by tens of megabytes from sample to
        sample."""
        try:
            sh(f"jcmd {self.pid} System.trim_native_heap")  # JDK 17.0.9 and later, glibc only
        except subprocess.CalledProcessError:
            return -1
        return self.rss()

    def heap_after_gc(self):
        """Heap in use right after a full collection (jcmd GC.run, then GC.heap_info)."""
        sh(f"jcmd {self.pid} GC.run")
        info = sh(f"jcmd {self.pid} GC.heap_info")
        match = re.search(r"total \d+K, used (\d+)K", info)
        return int(match.group(1)) * 1024 if match else -1

    def native_memory(self):
        """Native Memory Tracking summary: committed bytes per category (needs nmt=True)."""
        text = sh(f"jcmd {self.pid} VM.native_memory summary")
        categories = {}
        for match in re.finditer(r"-\s+([A-Za-z][A-Za-z ]+?) \(reserved=\d+KB, committed=(\d+)KB", text):
            categories[match.group(1).strip()] = int(match.group(2)) * 1024
        total = re.search(r"Total: reserved=\d+KB, committed=(\d+)KB", text)
        if total:
            categories["Total"] = int(total.group(1)) * 1024
        return categories

    def db_connections(self):
        """Connections the OratorDS pool holds open, and how many are in use (pool statistics)."""
        pool = self.management({"operation": "read-resource", "include-runtime": True, "address": [
            {"subsystem": "datasources"}, {"data-source": "OratorDS"}, {"statistics": "pool"}]})
        return int(pool["ActiveCount"]), int(pool["InUseCount"])

    def files_under_data(self):
        """Finished audio files, and half-written ones (audio/tmp) that a finished job must not leave."""
        audio = os.path.join(self.data, "audio")
        finished = len([n for n in os.listdir(audio) if n.endswith(".wav")]) if os.path.isdir(audio) else 0
        tmp = os.path.join(audio, "tmp")
        partial = len(os.listdir(tmp)) if os.path.isdir(tmp) else 0
        return finished, partial

    def temp_files(self):
        """Files in the server's own temporary directory (deployment content, uploads)."""
        tmp = os.path.join(self.home, "standalone", "tmp")
        return sum(len(names) for _, _, names in os.walk(tmp))


def run_job(body, poll=0.005, timeout=600):
    """Submits one job and waits for its end; returns the job's final JSON."""
    job = request("POST", "/api/v1/syntheses", body)
    deadline = time.monotonic() + timeout
    while job["status"] in ("QUEUED", "RUNNING"):
        if time.monotonic() > deadline:
            raise SystemExit(f"job {job['id']} still {job['status']} after {timeout} s")
        time.sleep(poll)
        job = request("GET", f"/api/v1/syntheses/{job['id']}")
    if job["status"] != "SUCCEEDED":
        raise SystemExit(f"job {job['id']} ended {job['status']}: {job.get('error')}")
    return job


def slope(xs, ys):
    """Least-squares slope of ys over xs."""
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    den = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / den if den else 0.0


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]
