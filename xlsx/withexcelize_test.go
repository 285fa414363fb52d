//go:build !noexcelize

package xlsx

// withExcelize says the package was built with excelize (the norms
// command), so TestWithoutExcelize expects each case to work.
const withExcelize = true
