//! The `gatehouse` executable: parse the command line and dispatch.

fn main() -> std::process::ExitCode {
    gatehouse::cli::main()
}
