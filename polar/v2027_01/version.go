package polar

// The code of this package that every version shares is copied from
// polar/internal/template (the zz_ files); what differs in 2027-01 is
// written beside it.

//go:generate go run ../../internal/versionpkg
