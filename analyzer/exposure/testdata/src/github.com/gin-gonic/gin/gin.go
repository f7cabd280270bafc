// Package gin is a stand-in for github.com/gin-gonic/gin: the accessors of
// what the client sent, as the exposure analyzer recognises them.
package gin

import "net/http"

type Context struct {
	Request *http.Request
	Writer  http.ResponseWriter
}

func (c *Context) GetHeader(key string) string { return c.Request.Header.Get(key) }

func (c *Context) Query(key string) string { return c.Request.URL.Query().Get(key) }

func (c *Context) PostForm(key string) string { return c.Request.PostFormValue(key) }
