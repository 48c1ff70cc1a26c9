//go:build !unix

package manifest

const nonBlock = 0
