package sheet

import (
	"io"
	"sync"
)

// Pipe runs a reader (the inflater) in its own goroutine so that inflating
// and scanning overlap on two cores. Filled chunks travel to the consumer
// over a channel and come back for reuse over another, so the steady state
// allocates nothing and holds at most pipeChunks chunks.
type Pipe struct {
	full chan chunk
	free chan []byte
	done chan struct{}
	wg   sync.WaitGroup

	cur  []byte // unread part of the chunk being consumed
	back []byte // whole chunk being consumed, returned to free when used up
	err  error  // sticky error from the producer
	once sync.Once
}

type chunk struct {
	b   []byte
	err error
}

const (
	pipeChunk  = 1 << 20
	pipeChunks = 4
)

// NewPipe starts reading src in its own goroutine; Close stops it.
func NewPipe(src io.Reader) *Pipe {
	p := &Pipe{
		full: make(chan chunk, pipeChunks),
		free: make(chan []byte, pipeChunks),
		done: make(chan struct{}),
	}
	for i := 0; i < pipeChunks; i++ {
		p.free <- make([]byte, pipeChunk)
	}
	p.wg.Add(1)
	go p.produce(src)
	return p
}

func (p *Pipe) produce(src io.Reader) {
	defer p.wg.Done()
	for {
		var b []byte
		select {
		case b = <-p.free:
		case <-p.done:
			return
		}
		n, err := fillChunk(src, b)
		select {
		case p.full <- chunk{b: b[:n], err: err}:
		case <-p.done:
			return
		}
		if err != nil {
			return
		}
	}
}

// Read copies inflated bytes into b.
func (p *Pipe) Read(b []byte) (int, error) {
	for len(p.cur) == 0 {
		if p.err != nil {
			return 0, p.err
		}
		if p.back != nil {
			p.free <- p.back[:cap(p.back)]
			p.back = nil
		}
		c := <-p.full
		if c.err != nil {
			p.err = c.err
		}
		if len(c.b) > 0 {
			p.cur, p.back = c.b, c.b
		}
	}
	n := copy(b, p.cur)
	p.cur = p.cur[n:]
	return n, nil
}

// Close stops the producer and waits for it, so the caller may then close
// the underlying file safely.
func (p *Pipe) Close() {
	p.once.Do(func() {
		close(p.done)
		p.wg.Wait()
	})
}

// fillChunk reads into b until it is full or src reports an error, which is
// returned as src gave it (io.EOF at a clean end).
func fillChunk(src io.Reader, b []byte) (int, error) {
	n := 0
	for n < len(b) {
		m, err := src.Read(b[n:])
		n += m
		if err != nil {
			return n, err
		}
	}
	return n, nil
}
