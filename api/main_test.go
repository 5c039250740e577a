package api

import (
	"os"
	"testing"

	"github.com/gin-gonic/gin"
)

// TestMain runs the tests with gin in test mode, as a program would set it (the package
// sets no mode itself).
func TestMain(m *testing.M) {
	gin.SetMode(gin.TestMode)
	os.Exit(m.Run())
}
