fn main() {
    println!("cli pending");
}
