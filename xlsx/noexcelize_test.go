//go:build noexcelize

package xlsx

// withExcelize says the package was built without excelize (the browser
// module), so TestWithoutExcelize expects each case to be refused.
const withExcelize = false
