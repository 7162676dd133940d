// The Checker module.
