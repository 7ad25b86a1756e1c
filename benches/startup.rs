//! Start-up work inside the process, on the 100,000-patient chart: open and check the file's
//! header, read the reference table, build the app and lay out its first frame. The window and
//! GL context come on top; `scripts/measure-window.sh` times the real window to its first frame
//! and its idle memory.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

#[path = "fixture/mod.rs"]
mod fixture;

use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use rooming::app::RoomingApp;
use rooming::clinical::reference::Reference;

fn startup(c: &mut Criterion) {
    let path = fixture::chart_100k();
    let mut group = c.benchmark_group("startup_100k");
    group.sample_size(10);
    group.bench_function("open_chart_and_first_frame", |b| {
        b.iter_custom(|iterations| {
            let mut total = Duration::ZERO;
            for _ in 0..iterations {
                let started = Instant::now();
                let store = fixture::open(&path);
                let reference = Reference::built_in().unwrap();
                let mut app = RoomingApp::new(store, reference);
                let ctx = egui::Context::default();
                let mut output = ctx.run_ui(egui::RawInput::default(), |ui| app.ui(ui));
                let shapes = std::mem::take(&mut output.shapes);
                std::hint::black_box(ctx.tessellate(shapes, output.pixels_per_point));
                output.textures_delta.clear();
                total += started.elapsed();
                // The background file check is not start-up: let it finish, untimed, so the
                // next round does not race it.
                drop(app);
                std::thread::sleep(Duration::from_millis(10));
            }
            total
        });
    });
    group.finish();
}

criterion_group!(benches, startup);
criterion_main!(benches);
