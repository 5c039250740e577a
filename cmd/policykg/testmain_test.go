package main

import (
	"os"
	"testing"

	"github.com/gin-gonic/gin"
)

// TestMain runs the commands with gin in test mode; main sets release mode for the program.
func TestMain(m *testing.M) {
	gin.SetMode(gin.TestMode)
	os.Exit(m.Run())
}
