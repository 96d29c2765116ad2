package sheet

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"regexp"
	"strings"
)

// strResult is a formula cell whose cached result is a number but typed as
// text: excelize types every formula cell t="str", whatever it holds.
var strResult = regexp.MustCompile(`(<c [^>]*?) t="str"(>(?:<f>[^<]*</f>|<f [^>]*>[^<]*</f>)<v>-?[0-9][0-9.]*(?:[eE][-+]?[0-9]+)?</v></c>)`)

// numericCache rewrites the worksheets of an XLSX file so that formula
// results cached as numbers are typed as numbers: a viewer that does not
// recalculate (a phone, a chat preview, pandas) then shows them with the
// cell's number format ("54,2%", not "0.5424…").
func numericCache(xlsx []byte) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(xlsx), int64(len(xlsx)))
	if err != nil {
		return nil, fmt.Errorf("sheet: cached values: %w", err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		if err := copyEntry(zw, f); err != nil {
			return nil, fmt.Errorf("sheet: cached values: %s: %w", f.Name, err)
		}
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("sheet: cached values: %w", err)
	}
	return out.Bytes(), nil
}

// copyEntry copies one file of the archive, retyping the cached results of
// a worksheet.
func copyEntry(zw *zip.Writer, f *zip.File) error {
	r, err := f.Open()
	if err != nil {
		return err
	}
	defer r.Close()
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	if strings.HasPrefix(f.Name, "xl/worksheets/") && strings.HasSuffix(f.Name, ".xml") {
		data = strResult.ReplaceAll(data, []byte("$1$2"))
	}
	hdr := f.FileHeader
	w, err := zw.CreateHeader(&hdr)
	if err != nil {
		return err
	}
	_, err = w.Write(data)
	return err
}
