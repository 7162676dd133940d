// The App module.
