//go:build noexcelize

package xlsx

import (
	"errors"
	"fmt"
	"io"

	"github.com/teamnorms/norms/engine"
)

// The build without excelize (-tags noexcelize: the browser module,
// wasm/build.sh xlsx). Reading every workbook and the streaming fill need
// no excelize; the few things only excelize does say instead, in a
// teacher's words, that the command-line tool does them. Native builds
// (the norms command) link fill_excelize.go instead, and do them all.

// excelState is empty: there is no excelize to open.
type excelState struct{}

// errNeedsCLI starts every refusal of this build.
var errNeedsCLI = errors.New("this workbook needs the norms command-line tool")

// fillExcelize refuses the fills that only excelize writes: a workbook
// whose layout the streaming path does not rewrite safely (w.streamErr
// says which).
func (w *Workbook) fillExcelize(_ *engine.Program, _ FillOptions, _ []*engine.Report, ds engine.Diagnostics) ([]*engine.Report, engine.Diagnostics) {
	_, why := w.Streaming()
	d := engine.Diagnostic{Code: "xlsx/needs-cli", Severity: engine.Error, File: w.File,
		Message: fmt.Sprintf("%v to be filled (%s): run norms fill on it", errNeedsCLI, why)}
	return nil, append(ds, d)
}

// writeExcel is reached only without a streaming plan, which this build
// never fills without.
func (w *Workbook) writeExcel(io.Writer) error {
	return fmt.Errorf("%w to be written: fill it first", errNeedsCLI)
}

func (w *Workbook) closeExcel() error { return nil }

// calcFormula cannot calculate: there is no calculator in this build.
func (w *Workbook) calcFormula(_, _ string) (string, error) {
	return "", errors.New("this formula has no stored value (the workbook was saved by a program that does not calculate); open the workbook in Excel and save it, so the value is stored")
}

// templateLayout refuses: the team's workbook is built by norms init.
func templateLayout(*engine.Program, TemplateOptions) ([]byte, error) {
	return nil, fmt.Errorf("%w: norms init --norms builds the team's workbook", errNeedsCLI)
}

func (w *Workbook) writeTemplate(*engine.Program, TemplateOptions, *Sheet, []string, []int, *formulaPlan, int, int) error {
	return fmt.Errorf("%w: norms init --norms builds the team's workbook", errNeedsCLI)
}
