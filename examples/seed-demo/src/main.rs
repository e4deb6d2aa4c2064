// The seed program of the flamegraph tutorial this product grew from:
// almost all of its time goes to `process_data`, which doubles every
// element of a vector, again and again.

#[inline(never)]
fn process_data(data: &mut [u64], rounds: u32) -> u64 {
    let mut checksum = 0u64;
    for _ in 0..rounds {
        for value in data.iter_mut() {
            *value = value.wrapping_mul(2).wrapping_add(1);
            checksum = checksum.wrapping_add(*value);
        }
    }
    checksum
}

fn prepare(len: usize) -> Vec<u64> {
    (0..len as u64).collect()
}

fn main() {
    let rounds: u32 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(60_000);
    let mut data = prepare(100_000);
    let checksum = process_data(&mut data, rounds);
    println!("checksum: {checksum}");
}
