package since

import (
	"errors"
	"fmt"
	"io"
	"os"
)

// readLimited reads a regular file of at most MaxSize bytes.
func readLimited(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, &Error{File: path, Msg: err.Error()}
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, &Error{File: path, Msg: err.Error()}
	}
	if !st.Mode().IsRegular() {
		return nil, &Error{File: path, Msg: "not a regular file"}
	}
	b, err := io.ReadAll(io.LimitReader(f, MaxSize+1))
	if err != nil {
		return nil, &Error{File: path, Msg: err.Error()}
	}
	if len(b) > MaxSize {
		return nil, &Error{File: path, Msg: fmt.Sprintf("larger than %d MB; a paper's tables JSON is tens of kB", MaxSize>>20)}
	}
	return b, nil
}
