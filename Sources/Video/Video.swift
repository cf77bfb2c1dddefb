// The Video target; see Package.swift for its place in the architecture.
