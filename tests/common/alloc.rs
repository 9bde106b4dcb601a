//! The counting allocator shared by the allocation tests (filled in by the tests-api branch).
