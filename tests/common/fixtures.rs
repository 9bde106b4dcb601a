//! Shared fixtures: test functions with known derivatives (filled in by the tests-api branch).
