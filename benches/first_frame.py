#!/usr/bin/env python3
"""Time from starting the reader to its first frame, on a real pseudo-terminal.

usage: first_frame.py SOI_BINARY CORPUS_DIR [RUNS]

Starts `SOI_BINARY CORPUS_DIR` on a 200x50 pty (state in a fresh temporary folder, so no saved
position), reads what it writes, and prints, per run, the milliseconds until the first frame (the
document list's title "Docs" has been drawn) and until a document is shown in it (a row marked
"▶"), then quits with `q`. The median of the runs is printed last."""
import os, pty, select, statistics, sys, tempfile, time, fcntl, termios, struct

def one_run(binary, corpus):
    with tempfile.TemporaryDirectory() as state:
        env = dict(os.environ, XDG_STATE_HOME=state, XDG_CONFIG_HOME=state, TERM="xterm-256color")
        start = time.monotonic()
        pid, fd = pty.fork()
        if pid == 0:
            # The size is set before the reader starts: it reads it once at start.
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 200, 0, 0))
            os.execve(binary, [binary, corpus], env)
        seen = b""
        first = shown = None
        deadline = start + 30
        while time.monotonic() < deadline and shown is None:
            ready, _, _ = select.select([fd], [], [], 0.05)
            if not ready:
                continue
            try:
                chunk = os.read(fd, 1 << 16)
            except OSError:
                break
            seen += chunk
            now = time.monotonic()
            if first is None and (b"Docs " in seen or b"Documents " in seen):
                first = now
            if first is not None and "▶".encode() in seen:
                shown = now
        os.write(fd, b"q")
        os.waitpid(pid, 0)
        os.close(fd)
        ms = lambda t: None if t is None else round((t - start) * 1000, 1)
        return ms(first), ms(shown)

def main():
    binary, corpus = sys.argv[1], sys.argv[2]
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    results = [one_run(binary, corpus) for _ in range(runs)]
    for first, shown in results:
        print(f"first frame {first} ms, first document shown {shown} ms")
    firsts = [f for f, _ in results if f is not None]
    shown = [s for _, s in results if s is not None]
    print(f"median: first frame {statistics.median(firsts) if firsts else None} ms, "
          f"first document shown {statistics.median(shown) if shown else None} ms")

main()
