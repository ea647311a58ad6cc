// Command example scores the 三社联动 example and prints the top ten communities with their grades.
//
//	PKG_CONFIG_PATH=/opt/civiscore/lib/pkgconfig go run ./example \
//	    ../../examples/sanshe/model.json ../../examples/sanshe/communities.csv
package main

import (
	"errors"
	"fmt"
	"os"

	"civiscore"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: example MODEL.json DATA.csv")
		os.Exit(2)
	}
	if err := run(os.Args[1], os.Args[2]); err != nil {
		var e *civiscore.Error
		if errors.As(err, &e) {
			// The status says what kind of failure, the message where (JSON pointer, line and column).
			fmt.Fprintf(os.Stderr, "%s (status %d): %s\n", e.Status, int(e.Status), e.Message)
		} else {
			fmt.Fprintln(os.Stderr, err)
		}
		os.Exit(1)
	}
}

func run(modelPath, csvPath string) error {
	model, err := civiscore.LoadModelFile(modelPath)
	if err != nil {
		return err
	}
	defer model.Close()
	fitted, err := model.FitCSV(csvPath, 0) // learn min/max, mean/sd once
	if err != nil {
		return err
	}
	defer fitted.Close()
	result, err := model.ScoreCSV(csvPath, fitted, 0) // score on that scale
	if err != nil {
		return err
	}
	defer result.Close()

	total, err := result.Total()
	if err != nil {
		return err
	}
	ranks, err := result.Ranks() // 1 = best; 0 = unranked (unscored unit)
	if err != nil {
		return err
	}
	grades, err := result.Grades() // "" = no grade
	if err != nil {
		return err
	}
	statuses, err := result.Statuses()
	if err != nil {
		return err
	}
	fmt.Printf("%s (%s), sha256 %s\n", model.Name(), model.ID(), result.ModelSHA256())
	ids := result.UnitIDs()
	for rank := int64(1); rank <= 10; rank++ {
		for i := range ids {
			if ranks[i] == rank {
				fmt.Printf("%3d  %-8s %7.2f  %s  %s\n", rank, ids[i], total[i], grades[i], statuses[i])
			}
		}
	}
	return nil
}
