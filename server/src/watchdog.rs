//! Containment: if the async runtime ever stops making progress again (a deadlock like the one
//! `render` exists to prevent, or a blocking call on a worker), the process says so and exits, so
//! that its supervisor restarts it within seconds instead of leaving every user waiting on a
//! server that still holds its port. See docs/OPERATIONS.md for the systemd unit.
//!
//! An OS thread — outside every runtime, so a stuck runtime cannot stop it — sends a ping task to
//! the shared runtime and to each render thread in turn, and waits for the answers. When one does
//! not answer within the limit, it calls `on_stuck` (in the server: log an ERROR and exit with
//! status 70). While everything answers, and systemd asked for it (`WatchdogSec=`), it also tells
//! systemd that the service is alive.

use std::sync::mpsc;
use std::time::Duration;
use tokio::runtime::Handle;
use tokio_util::task::LocalPoolHandle;

/// Starts the watchdog thread. `limit` is how long a runtime may take to answer a ping.
pub fn spawn(
    runtime: Handle,
    render_threads: Option<LocalPoolHandle>,
    limit: Duration,
    on_stuck: impl Fn(&str) + Send + 'static,
) -> std::io::Result<std::thread::JoinHandle<()>> {
    let interval = (limit / 4).max(Duration::from_millis(100));
    std::thread::Builder::new().name("akuntabel-watchdog".into()).spawn(move || {
        let _context = runtime.enter();
        loop {
            std::thread::sleep(interval);
            let mut stuck = None;
            let (tx, rx) = mpsc::channel::<()>();
            let ping = tx.clone();
            runtime.spawn(async move {
                let _ = ping.send(());
            });
            if rx.recv_timeout(limit).is_err() {
                stuck = Some("the shared runtime".to_owned());
            }
            if let (None, Some(pool)) = (&stuck, &render_threads) {
                for index in 0..pool.num_threads() {
                    let ping = tx.clone();
                    drop(pool.spawn_pinned_by_idx(
                        move || async move {
                            let _ = ping.send(());
                        },
                        index,
                    ));
                    if rx.recv_timeout(limit).is_err() {
                        stuck = Some(format!("render thread {index}"));
                        break;
                    }
                }
            }
            match stuck {
                Some(which) => {
                    on_stuck(&which);
                    return;
                }
                None => {
                    let _ = sd_notify::notify(&[sd_notify::NotifyState::Watchdog]);
                }
            }
        }
    })
}

/// What the server does when the watchdog fires.
pub fn exit_for_restart(limit: Duration) -> impl Fn(&str) + Send + 'static {
    move |which: &str| {
        tracing::error!(
            runtime = which,
            limit_s = limit.as_secs(),
            "watchdog: {which} made no progress for {} s; exiting so that the supervisor restarts the server",
            limit.as_secs()
        );
        eprintln!("akuntabel: watchdog: {which} made no progress for {} s; exiting (status 70)", limit.as_secs());
        std::process::exit(70);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_watchdog_fires_when_the_runtime_is_blocked_and_names_it() {
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
        let (fired_tx, fired_rx) = mpsc::channel::<String>();
        let (release_tx, release_rx) = mpsc::channel::<()>();
        // The only worker blocks until the watchdog has fired: no ping can be answered meanwhile.
        runtime.spawn(async move {
            let _ = release_rx.recv();
        });
        spawn(runtime.handle().clone(), None, Duration::from_millis(300), move |which| {
            let _ = fired_tx.send(which.to_owned());
        })
        .unwrap();
        let which = fired_rx.recv().unwrap();
        assert_eq!(which, "the shared runtime");
        release_tx.send(()).unwrap();
    }

    #[test]
    fn the_watchdog_names_a_blocked_render_thread() {
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
        let pool = LocalPoolHandle::new(2);
        let (fired_tx, fired_rx) = mpsc::channel::<String>();
        let (release_tx, release_rx) = mpsc::channel::<()>();
        {
            let _context = runtime.enter();
            drop(pool.spawn_pinned_by_idx(
                move || async move {
                    let _ = release_rx.recv();
                },
                1,
            ));
        }
        spawn(runtime.handle().clone(), Some(pool), Duration::from_millis(300), move |which| {
            let _ = fired_tx.send(which.to_owned());
        })
        .unwrap();
        assert_eq!(fired_rx.recv().unwrap(), "render thread 1");
        release_tx.send(()).unwrap();
    }

    #[test]
    fn the_watchdog_stays_quiet_while_the_runtime_answers() {
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
        let pool = LocalPoolHandle::new(2);
        let (fired_tx, fired_rx) = mpsc::channel::<String>();
        spawn(runtime.handle().clone(), Some(pool), Duration::from_millis(200), move |which| {
            let _ = fired_tx.send(which.to_owned());
        })
        .unwrap();
        // Twenty rounds of pings (each 50 ms apart) pass without a report.
        assert!(fired_rx.recv_timeout(Duration::from_secs(1)).is_err());
    }
}
