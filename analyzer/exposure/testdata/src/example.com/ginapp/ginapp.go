// Package ginapp refreshes a session cookie with the token the client sent,
// through gin: nothing is exposed to that client. Logging the token is.
package ginapp

import (
	"log"
	"net/http"

	"github.com/gin-gonic/gin"
)

func refresh(c *gin.Context) {
	token := c.GetHeader("X-Api-Key")
	http.SetCookie(c.Writer, &http.Cookie{Name: "session", Value: token, HttpOnly: true})
	c.Writer.Header().Set("X-Api-Key", c.Query("api_key"))
	log.Printf("refreshed %s", c.PostForm("password")) // want `secret-in-log.*password from Context.PostForm`
}
