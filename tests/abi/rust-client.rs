// A real client of pidfd_spawnp and pidfd_getpid: Rust's standard library.
// When a Command asks for a pidfd, std looks pidfd_spawnp up by weak
// reference (dlsym) and spawns through it when found; the pid comes from
// the PIDFD_GET_INFO ioctl, or from a weak pidfd_getpid where the kernel
// refuses the ioctl.  tests/abi/rust-client.sh builds this with
// RUSTC_BOOTSTRAP=1 (the API is unstable) and runs it with
// libpidfdspawn.so preloaded.
//
// Each check prints "ok - ..." or "not ok - ..."; the exit status is 1 if
// any failed.  With the argument "spawn-error" it only spawns once and
// prints the error, for the caller to compare.
// SPDX-License-Identifier: LGPL-2.1-or-later
#![feature(linux_pidfd)]

use std::io::Read;
use std::os::linux::process::{ChildExt, CommandExt};
use std::os::unix::process::ExitStatusExt;
use std::process::{Command, Stdio};

struct Checks {
    failed: bool,
}

impl Checks {
    fn check(&mut self, what: &str, ok: bool, detail: String) {
        if ok {
            println!("ok - {what}");
        } else {
            println!("not ok - {what}: {detail}");
            self.failed = true;
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() == 2 && args[1] == "spawn-error" {
        match Command::new("true").create_pidfd(true).spawn() {
            Ok(mut child) => {
                let _ = child.wait();
                println!("spawned");
            }
            Err(e) => println!("spawn error: os error {}", e.raw_os_error().unwrap_or(-1)),
        }
        return;
    }
    let mut c = Checks { failed: false };

    // Captured output and exit status through the pidfd: the child prints
    // its own pid, which must be the one std got from the pidfd.
    match Command::new("sh")
        .args(["-c", "echo \"pid $$\"; exit 3"])
        .stdout(Stdio::piped())
        .create_pidfd(true)
        .spawn()
    {
        Err(e) => c.check("spawn sh with a pidfd", false, e.to_string()),
        Ok(mut child) => {
            let mut out = String::new();
            let read = child.stdout.take().unwrap().read_to_string(&mut out);
            c.check("read the child's output", read.is_ok(), format!("{read:?}"));
            let want = format!("pid {}\n", child.id());
            c.check("the child's own pid is Child::id()", out == want,
                    format!("child printed {out:?}, Child::id() {}", child.id()));
            match child.pidfd() {
                Err(e) => c.check("Child::pidfd()", false, e.to_string()),
                Ok(pidfd) => {
                    let status = pidfd.wait();
                    c.check("PidFd::wait() reports exit status 3",
                            matches!(status, Ok(s) if s.code() == Some(3)),
                            format!("{status:?}"));
                }
            }
        }
    }

    // A long-running child: try_wait says it runs, kill through the pidfd,
    // wait reports SIGKILL.
    match Command::new("sleep").arg("100").create_pidfd(true).spawn() {
        Err(e) => c.check("spawn sleep with a pidfd", false, e.to_string()),
        Ok(mut child) => {
            match child.pidfd() {
                Err(e) => c.check("Child::pidfd() for sleep", false, e.to_string()),
                Ok(pidfd) => {
                    let running = pidfd.try_wait();
                    c.check("PidFd::try_wait() while it runs is None",
                            matches!(running, Ok(None)), format!("{running:?}"));
                    let killed = pidfd.kill();
                    c.check("PidFd::kill()", killed.is_ok(), format!("{killed:?}"));
                    let status = pidfd.wait();
                    c.check("PidFd::wait() reports SIGKILL",
                            matches!(status, Ok(s) if s.signal() == Some(9)),
                            format!("{status:?}"));
                }
            }
            // Not Child::wait() here: once PidFd::wait() has reaped the
            // child, only Linux 6.15's PIDFD_INFO_EXIT can tell std again.
            drop(child);
        }
    }

    // Child::wait() and Child::kill() use the pidfd by themselves.
    match Command::new("sh").args(["-c", "exit 4"]).create_pidfd(true).spawn() {
        Err(e) => c.check("spawn sh -c 'exit 4' with a pidfd", false, e.to_string()),
        Ok(mut child) => {
            let status = child.wait();
            c.check("Child::wait() reports exit status 4",
                    matches!(status, Ok(s) if s.code() == Some(4)), format!("{status:?}"));
        }
    }
    match Command::new("sleep").arg("100").create_pidfd(true).spawn() {
        Err(e) => c.check("spawn sleep with a pidfd", false, e.to_string()),
        Ok(mut child) => {
            let killed = child.kill();
            c.check("Child::kill()", killed.is_ok(), format!("{killed:?}"));
            let status = child.wait();
            c.check("Child::wait() after Child::kill() reports SIGKILL",
                    matches!(status, Ok(s) if s.signal() == Some(9)), format!("{status:?}"));
        }
    }

    // A missing program: the spawn error is ENOENT, as from posix_spawnp.
    let missing = Command::new("pidfdspawn-rust-client-no-such-program")
        .create_pidfd(true)
        .spawn();
    c.check("a missing program fails with ENOENT",
            matches!(&missing, Err(e) if e.raw_os_error() == Some(2)),
            format!("{:?}", missing.as_ref().map(|_| ()).map_err(|e| e.to_string())));

    std::process::exit(if c.failed { 1 } else { 0 });
}
